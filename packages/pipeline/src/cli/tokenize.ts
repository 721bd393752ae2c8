/**
 * `npm run tokenize -- "<text>"`: prints the CLIP ids of the text as one JSON
 * array (start and end tokens included, no padding).
 */
import { ClipTokenizer } from "../text";

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.length === 0) {
  process.stderr.write('Usage: npm run tokenize -- "<text>" (the text argument is missing).\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(ClipTokenizer.bundled().encode(args.join(" "))) + "\n");
