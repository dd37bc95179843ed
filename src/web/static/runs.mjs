// Training runs on the learner's page: the chosen runs overlaid on one chart, as TensorBoard does.
// Training curves are solid, validation curves dashed; hovering shows every value of that epoch.
const canvas = document.getElementById("run-chart");
const Chart = window.Chart;
const PALETTE = ["#2f81f7", "#e8590c", "#2b9a3e", "#9c36b5", "#c2255c", "#0c8599", "#b08800"];

if (canvas && Chart) void start();

async function start() {
  const response = await fetch("/web/api/runs", { headers: { accept: "application/json" } });
  if (!response.ok) return;
  const { runs } = await response.json();
  const byId = new Map(runs.map((run) => [String(run.id), run]));
  const metric = document.getElementById("metric");
  const picks = [...document.querySelectorAll(".run-pick")];
  const words = canvas.dataset;
  // The canvas draws with the page's fonts (ours carries the Japanese glyphs), once they are loaded.
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  const chart = new Chart(canvas, {
    type: "line",
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom" } },
      scales: { x: { title: { display: true, text: words.epoch } }, y: {} },
    },
  });
  window.manabotChart = chart;

  const draw = () => {
    const chosen = picks
      .filter((pick) => pick.checked)
      .map((pick) => byId.get(pick.value))
      .filter(Boolean);
    const loss = metric?.value === "loss";
    const datasets = [];
    let epochs = 0;
    let colour = 0;
    for (const run of chosen) {
      for (const history of run.history) {
        const color = PALETTE[colour++ % PALETTE.length];
        const label = `#${run.id}${run.history.length > 1 ? ` ${history.kind}` : ""}`;
        epochs = Math.max(epochs, history.epochs.length);
        const line = (name, values, dashed) => ({
          label: `${label} ${name}`,
          data: values,
          borderColor: color,
          backgroundColor: color,
          borderDash: dashed ? [6, 4] : [],
          pointRadius: 2,
          tension: 0.2,
        });
        datasets.push(
          line(
            words.train,
            history.epochs.map((e) => (loss ? e.loss : e.acc)),
            false,
          ),
        );
        datasets.push(
          line(
            words.validation,
            history.epochs.map((e) => (loss ? e.valLoss : e.valAcc)),
            true,
          ),
        );
      }
    }
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue("--text").trim();
    const grid = styles.getPropertyValue("--grid").trim();
    chart.data.labels = Array.from({ length: epochs }, (_, index) => index + 1);
    chart.data.datasets = datasets;
    chart.options.color = text;
    for (const scale of [chart.options.scales.x, chart.options.scales.y]) {
      scale.ticks = { color: text };
      scale.grid = { color: grid };
    }
    chart.options.scales.x.title.color = text;
    // Accuracy: up to 1, from a 0.05 step below the lowest value, so that a gap of a point or two between
    // training and validation (the lesson's overfitting picture) stays visible.
    const lowest = Math.min(...datasets.flatMap((dataset) => dataset.data.filter(Number.isFinite)));
    const floor = Number.isFinite(lowest) ? Math.max(0, Math.floor((lowest - 0.02) * 20) / 20) : 0;
    chart.options.scales.y.min = loss ? undefined : floor;
    chart.options.scales.y.max = loss ? undefined : 1;
    chart.update();
    canvas.dataset.shown = chosen.map((run) => run.id).join(",");
  };

  for (const pick of picks) pick.addEventListener("change", draw);
  metric?.addEventListener("change", draw);
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  draw();
  document.fonts?.ready.then(draw);
}
