/** `15m`, `2h`, `1h 30m`, `90s`, `2.5s`: as the inputs are written. */
export function formatTimeout(ms: number): string {
  if (ms % 1000 !== 0) return `${Number((ms / 1000).toFixed(1))}s`;
  const seconds = ms / 1000;
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const parts = [h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0s';
}
