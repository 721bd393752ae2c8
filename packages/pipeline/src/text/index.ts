export * from "./clip-tokenizer";
