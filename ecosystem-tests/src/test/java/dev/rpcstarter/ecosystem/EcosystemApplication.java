package dev.rpcstarter.ecosystem;

import java.util.List;
import java.util.UUID;

import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import net.devh.boot.grpc.server.security.authentication.BasicGrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.authentication.CompositeGrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.authentication.GrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.authentication.SSLContextGrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.authentication.X509CertificateAuthenticationProvider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application set up the way net.devh documents for the gRPC server, with the libraries a
 * production service adds: Spring Security (an {@link AuthenticationManager}, a
 * {@link GrpcAuthenticationReader} for the credentials in the call's metadata, and
 * {@code @Secured} methods), Actuator's metrics, and a {@code @GrpcAdvice}. Nothing here knows
 * about the web port; the point is that the same set-up serves it alike.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity(securedEnabled = true, proxyTargetClass = true)
@Import({ SecuredEmailService.class, ValidationAdvice.class, GrpcServerPort.class })
public class EcosystemApplication {

	/** The password of every test user. */
	public static final String PASSWORD = "secret";

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("reader").password("{noop}" + PASSWORD).roles("READER").build(),
				User.withUsername("sender").password("{noop}" + PASSWORD).roles("SENDER").build(),
				// Authenticated by its certificate (CN=test-client) over mutual TLS, never by password.
				User.withUsername("test-client").password("{noop}" + UUID.randomUUID()).roles("SENDER").build());
	}

	@Bean
	AuthenticationManager authenticationManager(UserDetailsService users) {
		return new ProviderManager(new DaoAuthenticationProvider(users), new X509CertificateAuthenticationProvider(
				X509CertificateAuthenticationProvider.CN_USERNAME_EXTRACTOR, users));
	}

	/** A password if the call has one, else the client certificate of its TLS session. */
	@Bean
	GrpcAuthenticationReader grpcAuthenticationReader() {
		return new CompositeGrpcAuthenticationReader(
				List.of(new BasicGrpcAuthenticationReader(), new SSLContextGrpcAuthenticationReader()));
	}

	/**
	 * The HTTP side leaves RPC calls to the gRPC interceptors, which then decide on both ports
	 * alike. Connect, gRPC-Web and gRPC requests are not forms a browser can send to another
	 * origin (their content types need a CORS preflight), so CSRF tokens do not apply to them.
	 * Without anonymous authentication, a call without credentials finds no user in the
	 * request thread's security context, as on the gRPC port, and is UNAUTHENTICATED there too.
	 */
	@Bean
	SecurityFilterChain httpSecurity(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.build();
	}

}
