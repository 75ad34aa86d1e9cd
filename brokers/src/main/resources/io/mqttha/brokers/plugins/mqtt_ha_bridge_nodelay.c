/*
 * mqtt-ha bridge nodelay: a Mosquitto 2.0 plugin that turns Nagle's algorithm off on the broker's own
 * outgoing connections, its bridges.
 *
 * Why: `set_tcp_nodelay true` only reaches the sockets a listener accepts (src/net.c); the socket a bridge
 * opens keeps Nagle's algorithm in every Mosquitto release (lib/net_mosq.c sets TCP_NODELAY only for a
 * libmosquitto client that asks, and the broker never asks for its bridges). A bridge socket therefore holds
 * back a small packet while an earlier one is unacknowledged, and the relay's delayed ACK releases it 40 ms
 * later: messages that crossed the cluster took 40-48 ms at the median instead of 4-8 ms.
 *
 * What: Mosquitto gives a plugin no handle on its sockets, so on the broker's tick, at most every
 * scan_interval_ms, the plugin lists the process's open descriptors (/dev/fd) and sets TCP_NODELAY on each
 * TCP socket it has not seen before. Every FULL_SCAN_SECONDS it also looks at the ones it has seen, for a
 * descriptor number that was closed and reused between two scans. Non-TCP descriptors are left alone; a
 * socket that already has TCP_NODELAY (every accepted one, with set_tcp_nodelay) is not changed. Each socket
 * it changes gets a log line that names its peer (a bridge) or its port (a listener, whose setting the sockets
 * it accepts inherit).
 *
 * Cost: one directory listing of the descriptors per scan, and one getsockopt per new descriptor (per
 * descriptor in a full scan): for a node with 10,000 connections, ten listings of 10,000 entries per second.
 *
 * Options: plugin_opt_scan_interval_ms (default 100).
 *
 * Build: cc -shared -fPIC -O2 -o mqtt_ha_bridge_nodelay.so mqtt_ha_bridge_nodelay.c
 * io.mqttha.brokers.BridgeNoDelay builds it for local clusters, as it does the retained guard.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define DEFAULT_SCAN_INTERVAL_MS 100
#define FULL_SCAN_SECONDS 5
#define DESCRIPTOR_FOLDER "/dev/fd"

static mosquitto_plugin_id_t *plugin_id = NULL;
static int64_t scan_interval_ns = DEFAULT_SCAN_INTERVAL_MS * 1000000LL;
static int64_t next_scan_ns = 0;
static int64_t next_full_scan_ns = 0;
/* seen[fd] is true when the previous scan found fd open. */
static bool *seen = NULL;
static bool *open_now = NULL;
static size_t tracked = 0;
static unsigned long turned_off_total = 0;

static int64_t monotonic_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* Whether both tables hold fd; grows them when it can, and otherwise leaves fd unscanned this time. */
static bool track(size_t fd)
{
	if(fd < tracked){
		return true;
	}
	size_t size = tracked == 0 ? 256 : tracked;
	while(size <= fd){
		size *= 2;
	}
	bool *grown_seen = realloc(seen, size * sizeof(bool));
	if(grown_seen == NULL){
		return false;
	}
	seen = grown_seen;
	bool *grown_open = realloc(open_now, size * sizeof(bool));
	if(grown_open == NULL){
		return false;
	}
	open_now = grown_open;
	memset(seen + tracked, 0, (size - tracked) * sizeof(bool));
	memset(open_now + tracked, 0, (size - tracked) * sizeof(bool));
	tracked = size;
	return true;
}

/* True when fd is a TCP socket whose Nagle's algorithm this call turned off. */
static bool turn_nagle_off(int fd)
{
	int nodelay = 0;
	socklen_t length = sizeof(nodelay);
	if(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &length) != 0 || nodelay){
		return false; /* not a TCP socket, or already without Nagle */
	}
	nodelay = 1;
	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof(nodelay)) == 0;
}

/* "the connection to 127.0.0.1:18841" or "the listener on port 18831", for the log. */
static void describe(int fd, char *text, size_t size)
{
	struct sockaddr_storage address;
	socklen_t length = sizeof(address);
	bool connected = getpeername(fd, (struct sockaddr *)&address, &length) == 0;
	if(!connected){
		length = sizeof(address);
		if(getsockname(fd, (struct sockaddr *)&address, &length) != 0){
			snprintf(text, size, "socket %d", fd);
			return;
		}
	}
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if(address.ss_family == AF_INET){
		struct sockaddr_in *v4 = (struct sockaddr_in *)&address;
		inet_ntop(AF_INET, &v4->sin_addr, host, sizeof(host));
		port = ntohs(v4->sin_port);
	}else if(address.ss_family == AF_INET6){
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;
		inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof(host));
		port = ntohs(v6->sin6_port);
	}
	if(connected){
		snprintf(text, size, "the connection to %s:%u", host, port);
	}else{
		snprintf(text, size, "the listener on port %u", port);
	}
}

static void scan(bool full)
{
	DIR *folder = opendir(DESCRIPTOR_FOLDER);
	if(folder == NULL){
		return;
	}
	int own = dirfd(folder);
	memset(open_now, 0, tracked * sizeof(bool));
	struct dirent *entry;
	while((entry = readdir(folder)) != NULL){
		char *end;
		errno = 0;
		long fd = strtol(entry->d_name, &end, 10);
		if(*end != '\0' || end == entry->d_name || errno != 0 || fd < 0 || fd == own || !track((size_t)fd)){
			continue;
		}
		open_now[fd] = true;
		if((full || !seen[fd]) && turn_nagle_off((int)fd)){
			char socket[INET6_ADDRSTRLEN + 40];
			describe((int)fd, socket, sizeof(socket));
			turned_off_total++;
			mosquitto_log_printf(MOSQ_LOG_INFO, "mqtt-ha bridge nodelay: turned Nagle's algorithm off on %s "
					"(%lu sockets in all)", socket, turned_off_total);
		}
	}
	closedir(folder);
	bool *previous = seen;
	seen = open_now;
	open_now = previous;
}

static int on_tick(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)event_data;
	(void)userdata;
	int64_t now = monotonic_ns();
	if(now < next_scan_ns){
		return MOSQ_ERR_SUCCESS;
	}
	bool full = now >= next_full_scan_ns;
	scan(full);
	next_scan_ns = now + scan_interval_ns;
	if(full){
		next_full_scan_ns = now + FULL_SCAN_SECONDS * 1000000000LL;
	}
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5){
			return 5;
		}
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	plugin_id = identifier;
	for(int i = 0; i < option_count; i++){
		if(strcmp(options[i].key, "scan_interval_ms") == 0){
			long value = strtol(options[i].value, NULL, 10);
			if(value <= 0){
				mosquitto_log_printf(MOSQ_LOG_ERR, "mqtt-ha bridge nodelay: scan_interval_ms must be a positive "
						"number of milliseconds, not %s", options[i].value);
				return MOSQ_ERR_INVAL;
			}
			scan_interval_ns = value * 1000000LL;
		}
	}
	if(!track(0)){
		return MOSQ_ERR_NOMEM;
	}
	int rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_TICK, on_tick, NULL, NULL);
	if(rc == MOSQ_ERR_SUCCESS){
		mosquitto_log_printf(MOSQ_LOG_INFO, "mqtt-ha bridge nodelay: turning Nagle's algorithm off on new sockets "
				"every %lld ms", (long long)(scan_interval_ns / 1000000LL));
	}
	return rc;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_TICK, on_tick, NULL);
	free(seen);
	free(open_now);
	seen = NULL;
	open_now = NULL;
	tracked = 0;
	return MOSQ_ERR_SUCCESS;
}
