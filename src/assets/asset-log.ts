/** Where asset publishing writes its log lines. */
export type AssetLog = (level: 'info' | 'debug' | 'error', message: string) => void;
