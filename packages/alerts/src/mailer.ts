import nodemailer from "nodemailer";
import type { Mailer } from "./worker.js";

/** A `Mailer` sending through the SMTP server of `url` (`smtp://user:pass@host:port`, `smtps://…`). */
export function createSmtpMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer & {
  close(): void;
} {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport(options.url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as never);
  return {
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to.join(", "),
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close: () => transport.close(),
  };
}
