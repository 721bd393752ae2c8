-- The UI language a person chose, so it follows them to other devices.
ALTER TABLE "User" ADD COLUMN "locale" TEXT;
