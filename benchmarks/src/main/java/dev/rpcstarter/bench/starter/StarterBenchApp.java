package dev.rpcstarter.bench.starter;

import dev.rpcstarter.bench.service.EchoServiceImpl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A starter application as a user writes it: one {@code @RpcService} bean, served over gRPC
 * on {@code grpc.server.port} and over Connect on {@code server.port}. Its gRPC executor is
 * set with {@code rpc.grpc.executor}, as a user sets it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(EchoServiceImpl.class)
public class StarterBenchApp {

	public static void main(String[] args) {
		SpringApplication.run(StarterBenchApp.class, args);
	}

}
