package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one run: request bodies, server logs, h2load logs and the pid list under
 * {@code benchmarks/target/bench-run}; the report under {@code docs/}.
 */
final class Workspace {

	private final Path repository;

	private final Path work;

	Workspace(Path repository) throws IOException {
		this.repository = repository;
		this.work = benchmarks().resolve("target/bench-run");
		Files.createDirectories(this.work);
		Files.deleteIfExists(pidFile());
	}

	Path file(String name) {
		return this.work.resolve(name);
	}

	/** Pids of the servers started, one a line, for run.sh's exit trap. */
	Path pidFile() {
		return this.work.resolve("server.pids");
	}

	Path docs() {
		return this.repository.resolve("docs");
	}

	/**
	 * Writes a request body.
	 * @param name the file name
	 * @param body the bytes
	 * @return the file
	 */
	Path body(String name, byte[] body) throws IOException {
		return Files.write(file(name), body);
	}

	/**
	 * Copies a file shipped in the jar (the wrk script) next to the bodies.
	 * @param name the resource name
	 * @return the file
	 */
	Path resource(String name) throws IOException {
		try (InputStream in = Workspace.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + name);
			}
			Path target = file(name);
			Files.write(target, in.readAllBytes());
			return target;
		}
	}

	/**
	 * A classpath that Maven wrote when it built the module, with the module's own classes first.
	 * @param which {@code full} or {@code rest}
	 * @return the classpath
	 */
	String classpath(String which) throws IOException {
		Path target = benchmarks().resolve("target");
		return target.resolve("classes") + ":" + Files.readString(target.resolve("classpath-" + which + ".txt")).trim();
	}

	/**
	 * The sample user app's runnable jar, as {@code run-samples.sh} runs it.
	 * @return the jar
	 * @throws IllegalStateException when the sample has not been packaged
	 */
	Path sampleUserAppJar() throws IOException {
		Path target = this.repository.resolve("sample-user-app").resolve("target");
		try (var jars = Files.newDirectoryStream(target, "sample-user-app-*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		throw new IllegalStateException("no runnable jar in " + target + "; run.sh packages it");
	}

	private Path benchmarks() {
		return this.repository.resolve("benchmarks");
	}

}
