package dev.rpcstarter.sample.user;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import dev.rpcstarter.sample.user.v1.CreateUserRequest;
import dev.rpcstarter.sample.user.v1.GetUserRequest;
import dev.rpcstarter.sample.user.v1.ListUsersRequest;
import dev.rpcstarter.sample.user.v1.User;
import dev.rpcstarter.sample.user.v1.UserServiceGrpc;
import dev.rpcstarter.sample.user.v1.UserServiceGrpc.UserServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * UserService on a real gRPC server, called through a real channel (and its REST routes with
 * the JDK's HTTP client), with a recording EmailService on its own gRPC server in place of the
 * email app. Users are shared by the tests, so each test uses its own email address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + UserApplication.CONFIG_NAME, "grpc.server.port=0" })
@Import(GrpcServerPort.class)
class UserServiceTests {

	private static final RecordingEmailService emailService = new RecordingEmailService();

	private static final Server emailServer = startEmailServer();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final ObjectMapper json = new ObjectMapper();

	@Autowired
	private GrpcServerPort grpcPort;

	@LocalServerPort
	private int webPort;

	private ManagedChannel channel;

	private UserServiceBlockingStub users;

	@DynamicPropertySource
	static void pointEmailClientAtRecordingEmailService(DynamicPropertyRegistry registry) {
		registry.add("rpc.client.email.address", () -> "static://localhost:" + emailServer.getPort());
	}

	@AfterAll
	static void stopEmailServer() {
		emailServer.shutdownNow();
	}

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("localhost", this.grpcPort.get()).usePlaintext().build();
		this.users = UserServiceGrpc.newBlockingStub(this.channel);
	}

	@AfterEach
	void disconnect() {
		emailService.failWith(null);
		this.channel.shutdownNow();
	}

	@Test
	void createUserReturnsTheStoredUserWithANewIdThatGetUserFinds() {
		User created = create("Ada", newAddress());

		assertThat(created.getUserId()).isNotBlank();
		assertThat(created.getName()).isEqualTo("Ada");
		assertThat(created.hasCreatedAt()).isTrue();
		assertThat(this.users.getUser(GetUserRequest.newBuilder().setUserId(created.getUserId()).build()).getUser())
			.isEqualTo(created);
	}

	@Test
	void createUserSendsExactlyOneWelcomeMailToTheNewUser() {
		String address = newAddress();
		User created = create("Ada", address);

		assertThat(emailService.sentTo(address)).singleElement().satisfies((mail) -> {
			assertThat(mail.getSubject()).isEqualTo("Welcome, Ada!");
			assertThat(mail.getBody()).contains(created.getUserId());
		});
	}

	@Test
	void createUserWithEmptyNameFailsWithInvalidArgumentAndSendsNoMail() {
		String address = newAddress();
		assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> create(" ", address));
		assertThat(emailService.sentTo(address)).isEmpty();
	}

	@Test
	void createUserWithSomethingThatIsNotAnAddressFailsWithInvalidArgument() {
		assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> create("Ada", "ada.example.com"));
	}

	@Test
	void createUserWithAnEmailThatIsTakenFailsWithAlreadyExists() {
		String address = newAddress();
		create("Ada", address);
		assertFailsWith(Status.Code.ALREADY_EXISTS, () -> create("Another Ada", address));
	}

	@Test
	void createUserWhenEmailServiceFailsAnswersUnavailableAndKeepsNoUser() {
		String address = newAddress();
		emailService.failWith(Status.INTERNAL.withDescription("mail server down"));

		assertFailsWith(Status.Code.UNAVAILABLE, () -> create("Ada", address));
		assertThat(listUsers()).extracting(User::getEmail).doesNotContain(address);

		emailService.failWith(null);
		assertThat(create("Ada", address).getEmail()).isEqualTo(address);
	}

	@Test
	void getUserForAnUnknownIdFailsWithNotFound() {
		assertFailsWith(Status.Code.NOT_FOUND,
				() -> this.users.getUser(GetUserRequest.newBuilder().setUserId(UUID.randomUUID().toString()).build()));
	}

	@Test
	void getUserWithoutIdFailsWithInvalidArgument() {
		assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> this.users.getUser(GetUserRequest.getDefaultInstance()));
	}

	@Test
	void restRoutesCreateAUserThatGetFindsAndAnswerAnUnknownOneWith404() throws Exception {
		String address = newAddress();
		HttpResponse<String> created = rest(HttpRequest.newBuilder(webUri("/v1/users"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\",\"email\":\"" + address + "\"}")));
		JsonNode user = json.readTree(created.body());
		HttpResponse<String> found = rest(HttpRequest.newBuilder(webUri("/v1/users/" + user.get("userId").asText())));
		HttpResponse<String> unknown = rest(HttpRequest.newBuilder(webUri("/v1/users/" + UUID.randomUUID())));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(user.get("name").asText()).isEqualTo("Grace");
		assertThat(emailService.sentTo(address)).hasSize(1);
		assertThat(json.readTree(found.body())).isEqualTo(user);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json.readTree(unknown.body()).get("code").asInt()).isEqualTo(Status.Code.NOT_FOUND.value());
	}

	@Test
	void restRouteOfListUsersStreamsALineOfJsonPerUser() throws Exception {
		User created = create("Lines", newAddress());

		HttpResponse<String> listed = rest(HttpRequest.newBuilder(webUri("/v1/users")));

		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		List<JsonNode> users = new ArrayList<>();
		for (String line : listed.body().split("\n")) {
			users.add(json.readTree(line).get("result"));
		}
		assertThat(users).extracting((user) -> user.get("userId").asText()).contains(created.getUserId());
	}

	@Test
	void theRestRoutesAreAnOpenApiDocument() throws Exception {
		HttpResponse<String> document = rest(HttpRequest.newBuilder(webUri("/rpc/openapi.json")));

		assertThat(document.statusCode()).isEqualTo(200);
		JsonNode paths = json.readTree(document.body()).get("paths");
		assertThat(paths.at("/~1v1~1users/post/operationId").asText()).isEqualTo("UserService_CreateUser");
		assertThat(paths.at("/~1v1~1users~1{user_id}/get/operationId").asText()).isEqualTo("UserService_GetUser");
		assertThat(paths.at("/~1v1~1users/get/responses/200/content").has("application/x-ndjson"))
			.as("ListUsers streams").isTrue();
		assertThat(paths.at("/~1v1~1users/post/summary").asText()).as("user.proto's comment, from sample-api's jar")
			.isEqualTo("Creates a user, stores it and sends the welcome mail.");
	}

	@Test
	void listUsersStreamsEveryUserOldestFirst() {
		User first = create("First", newAddress());
		User second = create("Second", newAddress());

		assertThat(listUsers()).containsSubsequence(first, second);
	}

	private URI webUri(String path) {
		return URI.create("http://localhost:" + this.webPort + path);
	}

	private static HttpResponse<String> rest(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private User create(String name, String email) {
		return this.users.createUser(CreateUserRequest.newBuilder().setName(name).setEmail(email).build()).getUser();
	}

	private List<User> listUsers() {
		return ImmutableList.copyOf(this.users.listUsers(ListUsersRequest.getDefaultInstance()));
	}

	private static void assertFailsWith(Status.Code code, ThrowingCallable call) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(code));
	}

	private static String newAddress() {
		return UUID.randomUUID() + "@example.com";
	}

	private static Server startEmailServer() {
		try {
			return ServerBuilder.forPort(0).addService(emailService).build().start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the recording EmailService", ex);
		}
	}

}
