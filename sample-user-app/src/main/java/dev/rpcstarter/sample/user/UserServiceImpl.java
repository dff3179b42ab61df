package dev.rpcstarter.sample.user;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.sample.user.v1.CreateUserRequest;
import dev.rpcstarter.sample.user.v1.CreateUserResponse;
import dev.rpcstarter.sample.user.v1.GetUserRequest;
import dev.rpcstarter.sample.user.v1.GetUserResponse;
import dev.rpcstarter.sample.user.v1.ListUsersRequest;
import dev.rpcstarter.sample.user.v1.User;
import dev.rpcstarter.sample.user.v1.UserServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, finds and lists users; a new user gets a welcome mail.
 */
@RpcService
class UserServiceImpl extends UserServiceGrpc.UserServiceImplBase {

	private final Users users;

	private final WelcomeMail welcomeMail;

	private final TransactionTemplate transaction;

	UserServiceImpl(Users users, WelcomeMail welcomeMail, TransactionTemplate transaction) {
		this.users = users;
		this.welcomeMail = welcomeMail;
		this.transaction = transaction;
	}

	@Override
	public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> responseObserver) {
		String name = request.getName().strip();
		String email = request.getEmail().strip();
		try {
			if (name.isEmpty()) {
				throw invalidArgument("name must not be empty");
			}
			if (!email.contains("@")) {
				throw invalidArgument("email must be an email address, but was '" + email + "'");
			}
			// The mail is sent inside the transaction so that a failed mail rolls the user back:
			// no user exists without their welcome mail, and the caller can simply retry.
			User user = this.transaction.execute((status) -> {
				User added = this.users.add(name, email);
				this.welcomeMail.send(added);
				return added;
			});
			responseObserver.onNext(CreateUserResponse.newBuilder().setUser(user).build());
			responseObserver.onCompleted();
		}
		catch (DuplicateKeyException ex) {
			responseObserver.onError(Status.ALREADY_EXISTS
				.withDescription("A user with email '" + email + "' already exists")
				.asRuntimeException());
		}
		catch (StatusRuntimeException ex) {
			responseObserver.onError(ex);
		}
	}

	@Override
	public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> responseObserver) {
		String userId = request.getUserId().strip();
		if (userId.isEmpty()) {
			responseObserver.onError(invalidArgument("user_id must not be empty"));
			return;
		}
		this.users.find(userId).ifPresentOrElse((user) -> {
			responseObserver.onNext(GetUserResponse.newBuilder().setUser(user).build());
			responseObserver.onCompleted();
		}, () -> responseObserver.onError(Status.NOT_FOUND
			.withDescription("No user with user_id '" + userId + "'")
			.asRuntimeException()));
	}

	@Override
	public void listUsers(ListUsersRequest request, StreamObserver<User> responseObserver) {
		this.users.forEach(responseObserver::onNext);
		responseObserver.onCompleted();
	}

	private static StatusRuntimeException invalidArgument(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
	}

}
