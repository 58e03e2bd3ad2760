/** Two template bodies are the same when their JSON is, whatever the formatting. */
export function sameTemplate(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
