package dev.rpcstarter.bench.starter;

import dev.rpcstarter.bench.service.EchoServiceImpl;
import dev.rpcstarter.bench.service.GrpcExecutor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A starter application as a user writes it: one {@code @RpcService} bean, served over gRPC
 * on {@code grpc.server.port} and over Connect on {@code server.port}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(EchoServiceImpl.class)
public class StarterBenchApp {

	/** Gives the gRPC server the same executor as the raw grpc-java target it is compared with. */
	@Bean
	GrpcServerConfigurer benchExecutor(@Value("${bench.grpc.executor}") String executor) {
		return GrpcExecutor.of(executor)::applyTo;
	}

	public static void main(String[] args) {
		SpringApplication.run(StarterBenchApp.class, args);
	}

}
