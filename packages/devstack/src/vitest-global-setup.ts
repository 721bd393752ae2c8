import type { TestProject } from "vitest/node";
import { acquireTestPostgres } from "./test-stack";

/**
 * Vitest global setup for suites that touch PostgreSQL: one server per test
 * run (DATABASE_URL's, or the embedded test cluster); each test file makes its
 * own database with createTestDatabase(inject("pgAdminUrl")).
 */
export default async function setup(project: TestProject) {
  const server = await acquireTestPostgres();
  project.provide("pgAdminUrl", server.adminUrl);
  return async () => {
    await server.release();
  };
}
