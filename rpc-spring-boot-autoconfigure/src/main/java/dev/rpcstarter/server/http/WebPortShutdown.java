package dev.rpcstarter.server.http;

import java.time.Duration;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the web port's calls as the application stops ({@link RpcHttpFilter#stopCalls}), in the
 * phase in which Spring Boot shuts the web server down gracefully and at the same time: the
 * container stops taking requests while the calls drain, and once they have, it finds no
 * request still active. Without this, a stream open on the web port would hold the shutdown
 * up until the phase's timeout and then lose its connection without a status.
 */
public final class WebPortShutdown implements SmartLifecycle {

	private final RpcHttpFilter filter;

	private final Duration gracePeriod;

	private volatile boolean running;

	/**
	 * @param filter the web port's RPC entry
	 * @param gracePeriod how long open calls may run on once the application stops
	 */
	public WebPortShutdown(RpcHttpFilter filter, Duration gracePeriod) {
		this.filter = filter;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void start() {
		this.filter.startCalls();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.filter.stopCalls(this.gracePeriod);
	}

	/** Drains on a thread of its own, so that the web server's graceful shutdown starts meanwhile. */
	@Override
	public void stop(Runnable callback) {
		Thread drain = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "rpc-http-shutdown");
		drain.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}

}
