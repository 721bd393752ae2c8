export * from "./client";
export * from "./pg-config";
export * from "./generated/prisma/client";
export * from "./migrations";
