// Entry of the upload checker's worker threads (see ./pool.ts). Plain
// JavaScript so that any Node loads it as is, from the web server's build, from
// vitest or from the worker; tasks.ts is loaded with Node's type stripping.
import { runIntake } from "./tasks.ts";

export default runIntake;
