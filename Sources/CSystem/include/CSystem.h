// System calls that Glibc's Swift overlay does not export (epoll, eventfd, timerfd, accept4,
// thread names, absolute monotonic sleeps). The header uses plain C types only, so it never
// disagrees with the Glibc module about a struct; the calls live in shim.c, compiled with
// _GNU_SOURCE. Error handling (EINTR, EAGAIN, naming errno) lives in Swift:
// Sources/WebSocket/System/SystemError.swift.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <stdint.h>
#include <stddef.h>

/// One readiness report, unpacked from epoll's packed struct so Swift can index an array of them.
typedef struct {
    uint64_t data;
    uint32_t events;
    uint32_t reserved;
} csys_event;

extern const uint32_t CSYS_EPOLLIN;
extern const uint32_t CSYS_EPOLLOUT;
extern const uint32_t CSYS_EPOLLERR;
extern const uint32_t CSYS_EPOLLHUP;
extern const uint32_t CSYS_EPOLLRDHUP;
extern const int CSYS_EPOLL_CTL_ADD;
extern const int CSYS_EPOLL_CTL_MOD;
extern const int CSYS_EPOLL_CTL_DEL;
extern const int CSYS_MSG_NOSIGNAL;

int csys_epoll_create(void);
int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Waits like epoll_wait and copies up to `max` results into `out`.
int csys_epoll_wait(int epfd, csys_event *out, int max, int timeout_ms);

int csys_eventfd(void);
int csys_timerfd_create(void);
/// Arms `fd` to fire once at the absolute CLOCK_MONOTONIC time `deadline_ns` (0 disarms).
int csys_timerfd_arm_absolute(int fd, uint64_t deadline_ns);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; `addr` is a struct sockaddr_in.
int csys_accept4(int fd, void *addr, uint32_t *len);
/// A TCP socket created non-blocking and close-on-exec.
int csys_socket_tcp(int domain);

uint64_t csys_monotonic_ns(void);
/// Sleeps until the absolute CLOCK_MONOTONIC time `deadline_ns`; returns 0 or an errno (EINTR).
int csys_sleep_until(uint64_t deadline_ns);
int csys_errno(void);
/// Names the calling thread (Linux keeps 15 bytes).
void csys_set_thread_name(const char *name);

#endif
