/**
 * The local-process scheduler, the embedded default ({@code scheduler: local}): {@link
 * io.vamp.driver.local.LocalScheduler} runs each workload instance as a supervised process group on
 * this machine (ports from a range, health checks, restarts with backoff, bounded log files, a state
 * file per workload for adoption after a daemon restart). Pure parts: {@code LaunchSpec} (workload to
 * command line), {@code SafeNames}, {@code StateFile}; I/O: {@code OsProcesses}, {@code Probes},
 * {@code PortAllocator}, {@code LogFiles}. Depends on the driver SPI and the JDK only; Linux (or
 * another system with {@code /bin/sh}, ideally {@code setsid} and {@code /proc}).
 */
package io.vamp.driver.local;
