/** An error as `ResponseError.fromResponse` throws it for an HTTP status, without a response. */
export function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), {
    name: 'ResponseError',
    statusCode,
  });
}
