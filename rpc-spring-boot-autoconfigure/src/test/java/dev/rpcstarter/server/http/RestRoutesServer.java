package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.testservice.LibraryServiceImpl;
import dev.rpcstarter.testservice.TestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Runs the test application, with the test library's REST routes, on a random port for the
 * streaming route tests that extend it; Spring's test context cache shares the one server
 * between them. Messages are limited to 1 KB, so that a test can go over the limit cheaply.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.max-message-size=1KB" })
abstract class RestRoutesServer {

	static final ObjectMapper json = new ObjectMapper();

	static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	LibraryServiceImpl library;

	/**
	 * Decompresses a whole gzip body.
	 * @param gzip the body
	 * @return its text
	 */
	static String gunzip(byte[] gzip) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Reads the next line of a stream byte by byte, so as to wait for nothing after it: a
	 * {@code Reader} reads ahead, and waits for more of a conversation than has been sent.
	 * @param in the stream
	 * @return the line, without its line break
	 */
	static String lineOf(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new EOFException("the stream ended inside a line: " + line.toString(StandardCharsets.UTF_8));
			}
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/**
	 * A request to the server, which must answer within 10 seconds.
	 * @param path the path and query
	 * @return the request, to be finished
	 */
	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(Duration.ofSeconds(10));
	}

}
