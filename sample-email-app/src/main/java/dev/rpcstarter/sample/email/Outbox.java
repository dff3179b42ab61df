package dev.rpcstarter.sample.email;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.google.protobuf.util.Timestamps;
import dev.rpcstarter.sample.email.v1.Email;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of every mail sent, in the {@code email} table (see {@code email-schema.sql}).
 */
@Repository
class Outbox {

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records one sent mail.
	 * @return the mail as stored, with its new id and the time it was sent
	 */
	Email record(String to, String subject, String body) {
		// Milliseconds, which every SQL TIMESTAMP keeps, so what we return equals what a later
		// ListEmails reads back.
		Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Email email = Email.newBuilder()
			.setEmailId(UUID.randomUUID().toString())
			.setTo(to)
			.setSubject(subject)
			.setBody(body)
			.setSentAt(Timestamps.fromMillis(sentAt.toEpochMilli()))
			.build();
		this.jdbc
			.sql("INSERT INTO email (email_id, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?)")
			.params(email.getEmailId(), to, subject, body, OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC))
			.update();
		return email;
	}

	/**
	 * Passes the recorded mail, oldest first, to {@code action} row by row, without loading
	 * the whole outbox into memory.
	 * @param to only mail to this address; every mail when empty
	 */
	void forEach(String to, Consumer<Email> action) {
		var query = to.isEmpty()
				? this.jdbc.sql("SELECT * FROM email ORDER BY seq")
				: this.jdbc.sql("SELECT * FROM email WHERE recipient = ? ORDER BY seq").param(to);
		try (Stream<Email> emails = query.query((row, rowNum) -> Email.newBuilder()
			.setEmailId(row.getString("email_id"))
			.setTo(row.getString("recipient"))
			.setSubject(row.getString("subject"))
			.setBody(row.getString("body"))
			.setSentAt(Timestamps.fromMillis(row.getObject("sent_at", OffsetDateTime.class).toInstant().toEpochMilli()))
			.build()).stream()) {
			emails.forEach(action);
		}
	}

}
