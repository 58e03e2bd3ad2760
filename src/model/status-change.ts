export interface StatusChange<S extends string> {
  readonly status: S;
  readonly at: string;
}
