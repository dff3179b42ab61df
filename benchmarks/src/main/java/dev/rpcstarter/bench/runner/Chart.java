package dev.rpcstarter.bench.runner;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * Draws the report's chart with Java2D: for each unary scenario at concurrency 64, one panel of
 * throughput (longer is better) and one of CPU per call (shorter is better; the server's, or the
 * client's in client-side scenarios), a bar per
 * target in its family's colour, each bar labelled with its median.
 */
final class Chart {

	/** Room for the longest bar; the labels' column left of it is as wide as the longest label. */
	private static final int BAR_SPACE = 260;

	/** Room right of a bar for its figure. */
	private static final int FIGURE_WIDTH = 70;

	/** Space between a label and its bar. */
	private static final int LABEL_GAP = 12;

	private static final int BAR_HEIGHT = 22;

	private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	private static final int LEGEND_LINE_HEIGHT = 16;

	/** Room above a panel's bars for the scenario's title and the panel's metric, a line each. */
	private static final int TITLE_HEIGHT = 52;

	private static final int MARGIN = 20;

	private static final int CHART_CONCURRENCY = 64;

	private Chart() {
	}

	/**
	 * Writes the chart as a PNG.
	 * @param run the run
	 * @param file where to write it
	 */
	static void write(RunResult run, Path file) throws IOException {
		List<RunResult.ScenarioResult> shown = run.scenarios()
			.stream()
			.filter((s) -> s.scenario().concurrency() == CHART_CONCURRENCY && !s.rounds().isEmpty())
			.toList();
		int panelsHeight = shown.stream().mapToInt(Chart::panelHeight).sum();
		int labelWidth = labelWidth(shown);
		int panelWidth = labelWidth + BAR_SPACE + FIGURE_WIDTH;
		BufferedImage image = new BufferedImage(2 * panelWidth + 3 * MARGIN,
				Math.max(1, panelsHeight) + 2 * MARGIN + LEGEND_LINE_HEIGHT + 20, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.setColor(Color.DARK_GRAY);
		g.setFont(LABEL_FONT);
		g.drawString("Medians over " + run.config().rounds() + " rounds, " + run.config().mode() + " run. "
				+ "Grey: raw grpc-java (light grey: in the control JVM, which runs the starter app too; cyan: the "
				+ "starter's gRPC in that JVM),", MARGIN, MARGIN);
		g.drawString("blue: starter gRPC, light blue: the gRPC channel to the Netty gRPC port (client side), greens: "
				+ "starter Connect, purple: starter gRPC-Web, orange: Spring MVC REST.", MARGIN, MARGIN + LEGEND_LINE_HEIGHT);
		int y = MARGIN + LEGEND_LINE_HEIGHT + 20;
		for (RunResult.ScenarioResult scenario : shown) {
			// One title over both panels: scenario names are too long to repeat in each.
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
			g.drawString(Report.scenarioName(scenario.scenario()), MARGIN, y + 16);
			panel(g, scenario, MARGIN, y, labelWidth, "calls/s, longer is better", (m) -> m.load().requestsPerSecond(), "%.0f");
			boolean clientSide = scenario.scenario().clientSide();
			panel(g, scenario, 2 * MARGIN + panelWidth, y, labelWidth,
					(clientSide ? "client" : "server") + " CPU µs per call, shorter is better",
					(m) -> m.cpuMicrosPerCall(clientSide), "%.1f");
			y += panelHeight(scenario);
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	/** A scenario's panels are as tall as its own bars need. */
	private static int panelHeight(RunResult.ScenarioResult scenario) {
		return TITLE_HEIGHT + scenario.rounds().size() * (BAR_HEIGHT + 6) + MARGIN;
	}

	/** As wide as the longest target's name, so that no name runs into its bar. */
	private static int labelWidth(List<RunResult.ScenarioResult> shown) {
		Graphics2D measuring = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
		FontMetrics metrics = measuring.getFontMetrics(LABEL_FONT);
		int widest = shown.stream()
			.flatMap((scenario) -> scenario.rounds().keySet().stream())
			.mapToInt((target) -> metrics.stringWidth(target.name()))
			.max()
			.orElse(0);
		measuring.dispose();
		return widest + LABEL_GAP;
	}

	private static void panel(Graphics2D g, RunResult.ScenarioResult scenario, int x, int y, int labelWidth,
			String metric, ToDoubleFunction<Measurement> figure, String format) {
		g.setColor(Color.BLACK);
		g.setFont(LABEL_FONT);
		g.drawString(metric, x, y + 36);
		double max = 0;
		for (List<Measurement> rounds : scenario.rounds().values()) {
			max = Math.max(max, median(rounds, figure));
		}
		int barY = y + TITLE_HEIGHT;
		for (Map.Entry<Target, List<Measurement>> entry : scenario.rounds().entrySet()) {
			double value = median(entry.getValue(), figure);
			int length = (max > 0) ? (int) Math.round(value / max * BAR_SPACE) : 0;
			g.setColor(Color.DARK_GRAY);
			g.drawString(entry.getKey().name(), x, barY + 15);
			g.setColor(entry.getKey().family().color());
			g.fillRect(x + labelWidth, barY, Math.max(1, length), BAR_HEIGHT);
			g.setColor(Color.BLACK);
			g.drawString(String.format(Locale.ROOT, format, value), x + labelWidth + length + 5, barY + 15);
			barY += BAR_HEIGHT + 6;
		}
		g.setColor(Color.LIGHT_GRAY);
		g.setStroke(new BasicStroke(1));
		g.drawLine(x + labelWidth, y + TITLE_HEIGHT - 4, x + labelWidth, barY);
	}

	private static double median(List<Measurement> rounds, ToDoubleFunction<Measurement> figure) {
		return Percentiles.spread(rounds.stream().map(figure::applyAsDouble).toList()).median();
	}

}
