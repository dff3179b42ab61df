package dev.rpcstarter.ecosystem;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web port secured by Spring Security's servlet filters alone, as a Spring MVC
 * application is (HTTP Basic here; an OAuth2 resource server works the same way): no
 * {@code AuthenticationManager} bean, so net.devh's security interceptors stay off, and the
 * {@code @Secured} service finds the caller where the filters put it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity(securedEnabled = true, proxyTargetClass = true)
@Import(SecuredEmailService.class)
public class FilterSecuredApplication {

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("reader").password("{noop}" + EcosystemApplication.PASSWORD).roles("READER").build(),
				User.withUsername("sender").password("{noop}" + EcosystemApplication.PASSWORD).roles("SENDER").build());
	}

	@Bean
	SecurityFilterChain httpSecurity(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

}
