export * from "./auth/password";
export * from "./services/health";
