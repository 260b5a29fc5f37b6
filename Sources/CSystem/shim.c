#define _GNU_SOURCE
#include "CSystem.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

const uint32_t CSYS_EPOLLIN = EPOLLIN;
const uint32_t CSYS_EPOLLOUT = EPOLLOUT;
const uint32_t CSYS_EPOLLERR = EPOLLERR;
const uint32_t CSYS_EPOLLHUP = EPOLLHUP;
const uint32_t CSYS_EPOLLRDHUP = EPOLLRDHUP;
const int CSYS_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
const int CSYS_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
const int CSYS_EPOLL_CTL_DEL = EPOLL_CTL_DEL;
const int CSYS_MSG_NOSIGNAL = MSG_NOSIGNAL;

int csys_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int csys_epoll_wait(int epfd, csys_event *out, int max, int timeout_ms) {
    struct epoll_event events[1024];
    if (max > 1024) max = 1024;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].data = events[i].data.u64;
        out[i].events = events[i].events;
        out[i].reserved = 0;
    }
    return n;
}

int csys_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int csys_timerfd_create(void) { return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC); }

int csys_timerfd_arm_absolute(int fd, uint64_t deadline_ns) {
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = (time_t)(deadline_ns / 1000000000ull);
    spec.it_value.tv_nsec = (long)(deadline_ns % 1000000000ull);
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
}

int csys_accept4(int fd, void *addr, uint32_t *len) {
    socklen_t length = (socklen_t)*len;
    int result = accept4(fd, (struct sockaddr *)addr, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    *len = (uint32_t)length;
    return result;
}

int csys_socket_tcp(int domain) { return socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

uint64_t csys_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int csys_sleep_until(uint64_t deadline_ns) {
    struct timespec ts;
    ts.tv_sec = (time_t)(deadline_ns / 1000000000ull);
    ts.tv_nsec = (long)(deadline_ns % 1000000000ull);
    return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

int csys_errno(void) { return errno; }

void csys_set_thread_name(const char *name) {
    char truncated[16];
    size_t i = 0;
    for (; name[i] && i < 15; i++) truncated[i] = name[i];
    truncated[i] = 0;
    pthread_setname_np(pthread_self(), truncated);
}
