package dev.rpcstarter.testservice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.RpcService;
import dev.rpcstarter.test.v1.ArchiveBookRequest;
import dev.rpcstarter.test.v1.ArchiveBookResponse;
import dev.rpcstarter.test.v1.Book;
import dev.rpcstarter.test.v1.CreateBookRequest;
import dev.rpcstarter.test.v1.GetBookRequest;
import dev.rpcstarter.test.v1.GetFileRequest;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import dev.rpcstarter.test.v1.ListBooksRequest;
import dev.rpcstarter.test.v1.ListBooksResponse;
import dev.rpcstarter.test.v1.PauseRequest;
import dev.rpcstarter.test.v1.StreamBooksRequest;
import dev.rpcstarter.test.v1.UpdateBookRequest;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The service of the REST transcoding tests: books kept in memory, one of them there from the
 * start.
 */
@RpcService
public class LibraryServiceImpl extends LibraryServiceGrpc.LibraryServiceImplBase {

	/** The book that is always there. */
	public static final Book DUNE = Book.newBuilder().setName("shelves/1/books/1").setTitle("Dune").setPages(412).build();

	private final Map<String, Book> books = new ConcurrentHashMap<>(Map.of(DUNE.getName(), DUNE));

	private final AtomicInteger ids = new AtomicInteger(100);

	private final AtomicInteger cancelledStreams = new AtomicInteger();

	private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "library-pause");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void getBook(GetBookRequest request, StreamObserver<Book> response) {
		Book book = this.books.get(request.getName());
		if (book == null) {
			response.onError(notFound(request.getName()));
			return;
		}
		response.onNext(book);
		response.onCompleted();
	}

	@Override
	public void listBooks(ListBooksRequest request, StreamObserver<ListBooksResponse> response) {
		response.onNext(ListBooksResponse.newBuilder().setRequest(request).build());
		response.onCompleted();
	}

	@Override
	public void searchBooks(ListBooksRequest request, StreamObserver<ListBooksResponse> response) {
		listBooks(request, response);
	}

	@Override
	public void createBook(CreateBookRequest request, StreamObserver<Book> response) {
		Book book = request.getBook().toBuilder().setName(request.getParent() + "/books/" + this.ids.incrementAndGet()).build();
		this.books.put(book.getName(), book);
		response.onNext(book);
		response.onCompleted();
	}

	@Override
	public void updateBook(UpdateBookRequest request, StreamObserver<Book> response) {
		response.onNext(request.getBook());
		response.onCompleted();
	}

	@Override
	public void deleteBook(GetBookRequest request, StreamObserver<Empty> response) {
		if (this.books.remove(request.getName()) == null) {
			response.onError(notFound(request.getName()));
			return;
		}
		response.onNext(Empty.getDefaultInstance());
		response.onCompleted();
	}

	@Override
	public void archiveBook(ArchiveBookRequest request, StreamObserver<ArchiveBookResponse> response) {
		Book book = this.books.get(request.getName());
		if (book == null) {
			response.onError(notFound(request.getName()));
			return;
		}
		ArchiveBookResponse.Builder archived = ArchiveBookResponse.newBuilder().setReason(request.getReason());
		if (!request.getReason().equals("lost")) {
			archived.setBook(book);
		}
		response.onNext(archived.build());
		response.onCompleted();
	}

	@Override
	public void getFile(GetFileRequest request, StreamObserver<GetFileRequest> response) {
		response.onNext(request);
		response.onCompleted();
	}

	/**
	 * Answers from another thread once the time is up, as a service that waits for another
	 * service does: the request thread has long left by then. A cancelled call is not answered.
	 */
	@Override
	public void pause(PauseRequest request, StreamObserver<Empty> response) {
		ScheduledFuture<?> answer = this.later.schedule(() -> {
			response.onNext(Empty.getDefaultInstance());
			response.onCompleted();
		}, request.getMillis(), TimeUnit.MILLISECONDS);
		((ServerCallStreamObserver<Empty>) response).setOnCancelHandler(() -> answer.cancel(false));
	}

	@Override
	public void streamBooks(StreamBooksRequest request, StreamObserver<Book> response) {
		ServerCallStreamObserver<Book> stream = (ServerCallStreamObserver<Book>) response;
		if (request.getEndless()) {
			AtomicInteger sent = new AtomicInteger();
			ScheduledFuture<?> sending = this.later.scheduleWithFixedDelay(
					() -> stream.onNext(bookOf(request.getParent(), sent.incrementAndGet())), 0, 5, TimeUnit.MILLISECONDS);
			stream.setOnCancelHandler(() -> {
				sending.cancel(false);
				this.cancelledStreams.incrementAndGet();
			});
			return;
		}
		for (int i = 1; i <= request.getCount(); i++) {
			stream.onNext(bookOf(request.getParent(), i));
		}
		if (request.getFailCode() != 0) {
			stream.onError(Status.fromCodeValue(request.getFailCode())
				.withDescription("failed after " + request.getCount() + " books")
				.asRuntimeException());
			return;
		}
		stream.onCompleted();
	}

	/**
	 * @return how many endless {@code StreamBooks} calls were cancelled so far
	 */
	public int cancelledStreams() {
		return this.cancelledStreams.get();
	}

	private static Book bookOf(String shelf, int number) {
		return Book.newBuilder().setName(shelf + "/books/" + number).setTitle("Book " + number).build();
	}

	private static RuntimeException notFound(String name) {
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(Status.Code.NOT_FOUND.value())
			.setMessage("no book " + name)
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason("BOOK_NOT_FOUND").setDomain("library.test").build()))
			.build());
	}

}
