export * from "./paths";
export * from "./postgres";
export * from "./processes";
export * from "./queue-server";
export * from "./stack-names";
export * from "./test-stack";
export * from "./exit-hook";
export * from "./webhook-receiver";
