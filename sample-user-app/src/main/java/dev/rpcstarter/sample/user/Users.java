package dev.rpcstarter.sample.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.google.protobuf.util.Timestamps;
import dev.rpcstarter.sample.user.v1.User;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored users, in the {@code app_user} table (see {@code user-schema.sql}).
 */
@Repository
class Users {

	private static final String COLUMNS = "user_id, name, email, created_at";

	private final JdbcClient jdbc;

	Users(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a new user.
	 * @return the user as stored, with its new id and creation time
	 * @throws DuplicateKeyException if a user with this email address exists
	 */
	User add(String name, String email) {
		// Milliseconds, which every SQL TIMESTAMP keeps, so what we return equals what is read back.
		Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		User user = User.newBuilder()
			.setUserId(UUID.randomUUID().toString())
			.setName(name)
			.setEmail(email)
			.setCreatedAt(Timestamps.fromMillis(createdAt.toEpochMilli()))
			.build();
		this.jdbc.sql("INSERT INTO app_user (" + COLUMNS + ") VALUES (?, ?, ?, ?)")
			.params(user.getUserId(), name, email, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
			.update();
		return user;
	}

	Optional<User> find(String userId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE user_id = ?")
			.param(userId)
			.query(Users::toUser)
			.optional();
	}

	/**
	 * Passes every user, oldest first, to {@code action} row by row, without loading them all
	 * into memory.
	 */
	void forEach(Consumer<User> action) {
		try (Stream<User> users = this.jdbc.sql("SELECT " + COLUMNS + " FROM app_user ORDER BY seq")
			.query(Users::toUser)
			.stream()) {
			users.forEach(action);
		}
	}

	private static User toUser(ResultSet row, int rowNum) throws SQLException {
		return User.newBuilder()
			.setUserId(row.getString("user_id"))
			.setName(row.getString("name"))
			.setEmail(row.getString("email"))
			.setCreatedAt(Timestamps.fromMillis(row.getObject("created_at", OffsetDateTime.class).toInstant().toEpochMilli()))
			.build();
	}

}
