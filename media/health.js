// The Health view's script: renders what the extension posts. No network, no inline handlers.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('health');
  const numbers = new Intl.NumberFormat('en-US');

  const MEASURES = [
    ['pythonFiles', 'Python files', ''],
    ['codeLines', 'Code lines', ''],
    ['longFiles', 'Long files', ''],
    ['logicHeavyViews', 'Logic-heavy views', ''],
    ['duplicatedPercentage', 'Duplicated lines', '%'],
    ['nearDuplicateLines', 'Near-duplicate lines one function could remove', ''],
  ];

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(health) {
    root.replaceChildren();
    const table = element('table', 'figures');
    for (const [key, label, unit] of MEASURES) {
      const row = table.insertRow();
      row.appendChild(element('td', '', label));
      row.appendChild(element('td', 'value', `${numbers.format(health.figures[key])}${unit}`));
      const change = health.trend ? health.trend[key] : undefined;
      const trend = element('td', 'value');
      if (change !== undefined && change !== 0) {
        // Fewer long files, views and duplicates is better; so is less code for the same features.
        trend.className = `value ${change > 0 ? 'trend-up' : 'trend-down'}`;
        trend.textContent = `${change > 0 ? '+' : ''}${numbers.format(change)}${unit}`;
      }
      row.appendChild(trend);
    }
    root.appendChild(table);
    root.appendChild(
      element('p', 'muted', health.baselineSavedAt ? `Trend since the baseline of ${health.baselineSavedAt.slice(0, 10)}.` : 'Save a baseline (Untangle: Save Baseline) to see the trend.'),
    );
    root.appendChild(element('h3', '', 'Largest files (code lines)'));
    const largest = health.figures.largestFiles;
    const max = Math.max(1, ...largest.map((f) => f.codeLines));
    for (const file of largest) {
      const row = element('div', 'bar-row');
      const label = element('span', 'bar-label', file.path);
      label.title = file.path;
      const bar = element('div', 'bar');
      bar.style.width = `${(100 * file.codeLines) / max}%`;
      const track = element('div');
      track.appendChild(bar);
      row.append(label, track, element('span', 'value', numbers.format(file.codeLines)));
      root.appendChild(row);
    }
  }

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'health') render(event.data.health);
  });
  vscode.postMessage({ type: 'ready' });
})();
