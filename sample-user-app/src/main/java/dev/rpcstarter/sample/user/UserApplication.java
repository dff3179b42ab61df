package dev.rpcstarter.sample.user;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The sample user app: serves {@code sample.user.v1.UserService} on the gRPC port and, over
 * Connect, on the web port; calls the email app to welcome new users.
 */
@SpringBootApplication
public class UserApplication {

	/**
	 * Name of this app's configuration file, {@code user-app.yml}. It is not
	 * {@code application.yml} because the end-to-end and interop tests run both sample apps in
	 * one JVM, where two files of the same name would hide each other.
	 */
	public static final String CONFIG_NAME = "user-app";

	/**
	 * Returns a builder for this app with its configuration file selected.
	 * @return a builder that the caller may add properties to before running it
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(UserApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

	public static void main(String[] args) {
		builder().run(args);
	}

}
