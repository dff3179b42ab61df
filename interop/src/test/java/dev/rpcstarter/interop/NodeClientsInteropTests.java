package dev.rpcstarter.interop;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rpcstarter.sample.email.EmailApplication;
import dev.rpcstarter.sample.testsupport.RunningApp;
import dev.rpcstarter.sample.user.UserApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node.js clients that nobody here wrote (connect-node, grpc-js) call both sample apps, which
 * run in this JVM on random ports. The Connect tests call the web port, the others the gRPC
 * port.
 */
class NodeClientsInteropTests {

	private static RunningApp emailApp;

	private static RunningApp userApp;

	@BeforeAll
	static void startSampleApps() {
		emailApp = RunningApp.start(EmailApplication.builder());
		userApp = RunningApp.start(UserApplication.builder(),
				"rpc.client.email.address=static://localhost:" + emailApp.grpcPort());
	}

	@AfterAll
	static void stopSampleApps() throws InterruptedException {
		userApp.close();
		emailApp.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "connect-json", "connect-binary" })
	void connectNodeClientCreatesAUserAndGetsItBack(String protocol) throws Exception {
		String address = newAddress();
		NodeClient.Result created = connectCall(protocol, userApp.webPort(), "sample.user.v1.UserService/CreateUser",
				"{\"name\":\"Ada\",\"email\":\"" + address + "\"}");
		assertThat(created.exitCode()).as("exit code, output %s", created.json()).isZero();
		String userId = created.json().at("/user/userId").asText();
		assertThat(userId).isNotBlank();

		NodeClient.Result fetched = connectCall(protocol, userApp.webPort(), "sample.user.v1.UserService/GetUser",
				"{\"userId\":\"" + userId + "\"}");
		assertThat(fetched.exitCode()).as("exit code, output %s", fetched.json()).isZero();
		assertThat(fetched.json().at("/user/email").asText()).isEqualTo(address);
		assertThat(fetched.json().at("/user/createdAt").asText()).isEqualTo(created.json().at("/user/createdAt").asText());
	}

	@ParameterizedTest
	@ValueSource(strings = { "connect-json", "connect-binary" })
	void connectNodeClientGetUserForAnUnknownIdFailsWithNotFound(String protocol) throws Exception {
		NodeClient.Result result = connectCall(protocol, userApp.webPort(), "sample.user.v1.UserService/GetUser",
				"{\"userId\":\"no-such-user\"}");

		assertThat(result.exitCode()).as("exit code, output %s", result.json()).isEqualTo(1);
		assertThat(result.json().get("code").asText()).isEqualTo("not_found");
		assertThat(result.json().get("message").asText()).contains("no-such-user");
	}

	@Test
	void grpcJsClientCreatesAUserThatListUsersStreams() throws Exception {
		String address = newAddress();
		NodeClient.Result created = grpcJsCall(userApp.grpcPort(), "sample.user.v1.UserService/CreateUser",
				"{\"name\":\"Ada\",\"email\":\"" + address + "\"}");
		assertThat(created.exitCode()).as("exit code, output %s", created.json()).isZero();

		NodeClient.Result listed = grpcJsCall(userApp.grpcPort(), "sample.user.v1.UserService/ListUsers", "{}");
		assertThat(listed.exitCode()).as("exit code, output %s", listed.json()).isZero();
		assertThat(listed.json().findValuesAsText("email")).contains(address);
	}

	@Test
	void grpcJsClientGetUserForAnUnknownIdFailsWithNotFound() throws Exception {
		NodeClient.Result result = grpcJsCall(userApp.grpcPort(), "sample.user.v1.UserService/GetUser",
				"{\"userId\":\"no-such-user\"}");

		assertThat(result.exitCode()).as("exit code, output %s", result.json()).isEqualTo(1);
		assertThat(result.json().get("code").asText()).isEqualTo("NOT_FOUND");
	}

	@Test
	void connectNodeGrpcTransportStreamsTheWelcomeMailOfANewUser() throws Exception {
		String address = newAddress();
		assertThat(grpcJsCall(userApp.grpcPort(), "sample.user.v1.UserService/CreateUser",
				"{\"name\":\"Ada\",\"email\":\"" + address + "\"}")
			.exitCode()).isZero();

		NodeClient.Result outbox = connectCall("grpc", emailApp.grpcPort(), "sample.email.v1.EmailService/ListEmails",
				"{\"to\":\"" + address + "\"}");

		assertThat(outbox.exitCode()).as("exit code, output %s", outbox.json()).isZero();
		assertThat(outbox.json()).singleElement()
			.satisfies((JsonNode mail) -> assertThat(mail.get("subject").asText()).isEqualTo("Welcome, Ada!"));
	}

	private static NodeClient.Result connectCall(String protocol, int port, String method, String request)
			throws Exception {
		return NodeClient.run("connect-call.mjs", protocol, "http://127.0.0.1:" + port, method, request);
	}

	private static NodeClient.Result grpcJsCall(int port, String method, String request) throws Exception {
		return NodeClient.run("grpc-js-call.mjs", "127.0.0.1:" + port, method, request);
	}

	private static String newAddress() {
		return UUID.randomUUID() + "@example.com";
	}

}
