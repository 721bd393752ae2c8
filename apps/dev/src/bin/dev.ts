import { runDevStack } from "../supervisor";

await runDevStack();
