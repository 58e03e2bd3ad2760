/** A deploy the review gate stopped before any stack was touched; the message says how to go on. */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}
