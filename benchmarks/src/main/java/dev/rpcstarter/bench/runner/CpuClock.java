package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc}, in clock ticks (1/100 s on Linux): of the whole machine, of one
 * process, and of this runner with the children it has reaped (the load generators).
 */
final class CpuClock {

	/** USER_HZ; fixed at 100 on every Linux architecture this runs on. */
	static final long TICKS_PER_SECOND = 100;

	private CpuClock() {
	}

	/**
	 * Busy ticks of all CPUs together since boot: user, nice, system, irq, softirq and steal.
	 * @return the ticks
	 */
	static long machineBusyTicks() {
		String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
		long busy = 0;
		for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
			busy += Long.parseLong(cpu[field]);
		}
		return busy;
	}

	/**
	 * User plus system ticks of a running process, all its threads.
	 * @param pid the process
	 * @return the ticks
	 */
	static long processTicks(long pid) {
		String[] fields = statFields(pid);
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/**
	 * Ticks of this runner plus those of its exited, reaped children: the load generators.
	 * @return the ticks
	 */
	static long runnerAndLoadGeneratorTicks() {
		String[] fields = statFields(ProcessHandle.current().pid());
		long ticks = 0;
		for (int i = 11; i <= 14; i++) {
			ticks += Long.parseLong(fields[i]);
		}
		return ticks;
	}

	private static String[] statFields(long pid) {
		return statFields(read(Path.of("/proc", Long.toString(pid), "stat")));
	}

	/**
	 * The fields of a /proc/pid/stat line after the command name, so field 3 (state) is index 0.
	 * The name is in parentheses and may itself hold spaces and parentheses, hence the last one.
	 */
	static String[] statFields(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
