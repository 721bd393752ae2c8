export * from "./backoff";
export * from "./deliver";
export * from "./signing";
export * from "./target";
