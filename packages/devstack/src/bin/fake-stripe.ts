import { startFakeStripe } from "../fake-stripe";

/**
 * The local Stripe stand-in as a process (the browser suite's Stripe run):
 * `node --import tsx packages/devstack/src/bin/fake-stripe.ts <port>`.
 * Prints its URL on one line once listening; stops on SIGINT/SIGTERM.
 */
const port = Number(process.argv[2] ?? 0);
const fake = await startFakeStripe(Number.isInteger(port) ? port : 0);
console.log(`fake-stripe listening ${fake.url}`);
const stop = () => void fake.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
