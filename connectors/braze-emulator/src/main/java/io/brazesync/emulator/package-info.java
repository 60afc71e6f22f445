/**
 * An emulator of Braze's user-data REST API for tests and local runs: a Netty server on loopback
 * that answers {@code /users/track}, {@code /users/identify}, {@code /users/alias/new} and {@code
 * /users/delete} as {@code shared/braze-contract.md} describes Braze.
 *
 * <p>A request flows one way: {@link io.brazesync.emulator.EmulatorHandler} reads it and injects
 * its fault ({@link io.brazesync.emulator.FaultPlan}); {@link
 * io.brazesync.emulator.RequestProcessor} checks the key and the rate-limit budget ({@link
 * io.brazesync.emulator.RateLimitWindow}), then the request ({@link
 * io.brazesync.emulator.RequestValidator}) and each object ({@link
 * io.brazesync.emulator.ObjectValidator}); the valid objects change the users ({@link
 * io.brazesync.emulator.StateModel}); the handler records the outcome ({@link
 * io.brazesync.emulator.RecordedRequest}) and answers.
 */
package io.brazesync.emulator;
