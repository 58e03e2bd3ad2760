export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface LogEntry {
  readonly timestamp: string;
  readonly level: LogLevel;
  readonly stack?: string;
  readonly resource?: string;
  readonly message: string;
}

export type LogSink = (entry: LogEntry) => void;
