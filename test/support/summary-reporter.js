/**
 * Prints one plain closing line ("tests: N passed, N failed[, N skipped]") after jest's own
 * summary, so CI tooling that does not parse jest output can still read the result.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // Jest's own summary is printed after the reporters run; write ours at exit so it closes the log.
    process.once('exit', () => process.stderr.write(`${line}\n`));
  }
}

module.exports = SummaryReporter;
