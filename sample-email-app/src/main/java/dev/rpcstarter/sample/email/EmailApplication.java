package dev.rpcstarter.sample.email;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The sample email app: serves {@code sample.email.v1.EmailService} on the gRPC port and, over
 * Connect, on the web port.
 */
@SpringBootApplication
public class EmailApplication {

	/**
	 * Name of this app's configuration file, {@code email-app.yml}. It is not
	 * {@code application.yml} because the end-to-end and interop tests run both sample apps in
	 * one JVM, where two files of the same name would hide each other.
	 */
	public static final String CONFIG_NAME = "email-app";

	/**
	 * Returns a builder for this app with its configuration file selected.
	 * @return a builder that the caller may add properties to before running it
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(EmailApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

	public static void main(String[] args) {
		builder().run(args);
	}

}
