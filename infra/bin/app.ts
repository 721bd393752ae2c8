import { buildApp } from "../src/app";
import { SettingsError } from "../src/settings";

try {
  buildApp().app.synth();
} catch (error) {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
