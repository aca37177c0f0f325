import nodemailer from "nodemailer";
import type { Mailer } from "./worker.js";

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port`, `smtps://…`. */
  url: string;
  from: string;
  /** Connecting, the greeting and each answer may take this long (default 5 s, the worker's timeout). */
  timeoutMs?: number;
  /** Open connections to the server at most (default 5): a round's e-mails share them. */
  maxConnections?: number;
}

/**
 * A `Mailer` sending through the SMTP server of `url` over a small pool of connections, so a round of
 * a hundred e-mails does not open a hundred connections (servers refuse or throttle that).
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer & { close(): void } {
  const timeout = options.timeoutMs ?? 5_000;
  // Options beside `url` in one object: a second argument would be the messages' defaults.
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  // The attempt log names the server without the URL's credentials.
  const server = `SMTP server ${new URL(options.url).host}`;
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to.join(", "),
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
      } catch (error) {
        const e = error as Error & { code?: string };
        throw new Error(
          e.code === "ETIMEDOUT"
            ? `${server} did not answer within ${timeout} ms`
            : `${server}: ${e.message}`,
          { cause: error },
        );
      }
    },
    close: () => transport.close(),
  };
}
