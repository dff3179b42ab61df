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
import dev.rpcstarter.test.v1.ImportBooksResponse;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import dev.rpcstarter.test.v1.ListBooksRequest;
import dev.rpcstarter.test.v1.ListBooksResponse;
import dev.rpcstarter.test.v1.PauseRequest;
import dev.rpcstarter.test.v1.Review;
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

	@Override
	public StreamObserver<Book> importBooks(StreamObserver<ImportBooksResponse> response) {
		ImportBooksResponse.Builder imported = ImportBooksResponse.newBuilder();
		return new BookStream(response) {

			@Override
			void accept(Book book) {
				imported.setCount(imported.getCount() + 1).addTitles(book.getTitle());
			}

			@Override
			void complete() {
				response.onNext(imported.build());
				response.onCompleted();
			}

		};
	}

	@Override
	public StreamObserver<Book> reviewBooks(StreamObserver<Review> response) {
		return new BookStream(response) {

			@Override
			void accept(Book book) {
				response.onNext(Review.newBuilder()
					.setName(book.getName())
					.setStars((int) Math.min(5, book.getPages() / 100))
					.build());
			}

			@Override
			void complete() {
				response.onCompleted();
			}

		};
	}

	/**
	 * Books streamed in: one with negative pages fails the call, and a call the client cancels
	 * is counted.
	 */
	private abstract class BookStream implements StreamObserver<Book> {

		private final StreamObserver<?> response;

		private boolean failed;

		BookStream(StreamObserver<?> response) {
			this.response = response;
		}

		abstract void accept(Book book);

		abstract void complete();

		@Override
		public void onNext(Book book) {
			if (this.failed) {
				return;
			}
			if (book.getPages() < 0) {
				this.failed = true;
				this.response.onError(Status.INVALID_ARGUMENT
					.withDescription(book.getName() + " has " + book.getPages() + " pages")
					.asRuntimeException());
				return;
			}
			accept(book);
		}

		@Override
		public void onCompleted() {
			if (!this.failed) {
				complete();
			}
		}

		@Override
		public void onError(Throwable error) {
			LibraryServiceImpl.this.cancelledStreams.incrementAndGet();
		}

	}

	/**
	 * @return how many streaming calls were cancelled so far: endless {@code StreamBooks}
	 * calls, and books streamed in
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
