// The values the root vitest global setup (vitest.global-setup.ts) provides to every test file;
// read them with `inject("databaseUrl")` etc. Importing @sift/testkit brings this augmentation in.
declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    kafkaBrokers: string[];
  }
}

export {};
