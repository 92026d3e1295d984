#!/usr/bin/env node
// The package's generator (compiled from src/generator): see README.md.
import { main } from '../dist/generator/main.js';

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
