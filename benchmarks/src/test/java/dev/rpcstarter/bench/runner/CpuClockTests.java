package dev.rpcstarter.bench.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CpuClock}: its reading of {@code /proc/<pid>/stat} lines, and the clocks of
 * this very process, which must advance by about the CPU time it burns.
 */
class CpuClockTests {

	/** 100 ms: 10 ticks. Half is asserted, so that tick accounting's granularity cannot fail the test. */
	private static final long BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long LEAST_TICKS = BURN_NANOS * CpuClock.TICKS_PER_SECOND / 1_000_000_000 / 2;

	/** Where the burning loop's result goes, so that the JIT cannot drop the loop. */
	private static volatile long sink;

	@Test
	void statFieldsStartAfterACommandNameWithSpacesAndParentheses() {
		// pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
		String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 3 4 20 0 37 0 12345\n";
		String[] fields = CpuClock.statFields(stat);
		assertThat(fields[0]).isEqualTo("S");
		assertThat(fields[1]).isEqualTo("1");
		// utime, stime, cutime, cstime: the indexes processTicks and runnerAndLoadGeneratorTicks read
		assertThat(fields).containsSequence("250", "75", "3", "4");
		assertThat(fields[11]).isEqualTo("250");
		assertThat(fields[14]).isEqualTo("4");
		assertThat(fields[fields.length - 1]).isEqualTo("12345");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void processTicksOfThisProcessGrowWithTheCpuItBurns() {
		long pid = ProcessHandle.current().pid();
		long before = CpuClock.processTicks(pid);
		burnCpu();
		long after = CpuClock.processTicks(pid);
		assertThat(before).isPositive();
		assertThat(after - before).isGreaterThanOrEqualTo(LEAST_TICKS);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void runnerTicksCountAtLeastThisProcessAndGrowWithTheCpuItBurns() {
		long before = CpuClock.runnerAndLoadGeneratorTicks();
		burnCpu();
		long own = CpuClock.processTicks(ProcessHandle.current().pid());
		long after = CpuClock.runnerAndLoadGeneratorTicks();
		assertThat(after).isGreaterThanOrEqualTo(own);
		assertThat(after - before).isGreaterThanOrEqualTo(LEAST_TICKS);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void machineBusyTicksGrowWithTheCpuThisProcessBurns() {
		long machineBefore = CpuClock.machineBusyTicks();
		burnCpu();
		long machine = CpuClock.machineBusyTicks() - machineBefore;
		// Idle and iowait are not busy time; this process's burning is, on one CPU or another.
		assertThat(machine).isGreaterThanOrEqualTo(LEAST_TICKS);
	}

	/** Spins until this thread has used {@link #BURN_NANOS} of CPU, whatever else the machine does. */
	private static void burnCpu() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long until = threads.getCurrentThreadCpuTime() + BURN_NANOS;
		long value = 0;
		while (threads.getCurrentThreadCpuTime() < until) {
			for (int i = 0; i < 10_000; i++) {
				value += i * 31L ^ value;
			}
		}
		sink = value;
	}

}
