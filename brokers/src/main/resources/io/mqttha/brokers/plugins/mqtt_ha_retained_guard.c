/*
 * mqtt-ha retained guard: a Mosquitto 2.0 plugin that refuses a retained message older than the one the
 * broker holds for its topic.
 *
 * Why: Mosquitto's retained store is last-write-wins, and an edge whose bridge reconnects re-sends every
 * retained copy it holds. After a partition those copies are stale, and without this plugin they overwrite
 * the newest values on the relays and every other edge, until the SDK origin sees them and re-publishes
 * (about 20 s for 10,000 topics on a two-core machine: two floods of every topic through the whole tree).
 * With it, the first relay the stale copies reach refuses them, and the rejoining edge only receives the
 * relay's newest values.
 *
 * What: the SDK stamps a retained message with the user property mqttha-version, "<millis>-<nonce>:<seq>"
 * (io.mqttha.client.internal.continuity.RetainedVersion, whose rules this file mirrors): a later incarnation
 * (start time, then nonce as unsigned hex) is newer whatever its sequence number; within one incarnation
 * the 32-bit sequence numbers compare modularly (RFC 1982). The plugin remembers the newest version it let
 * through for each topic and refuses (as not authorised) a retained message whose version is older. An equal
 * version passes: the SDK re-publishes its newest value to heal a broker that missed it, and a copy of what a
 * broker already holds changes nothing there. A retained message without a (valid) version passes and makes
 * the plugin forget the topic's version, because it is now the newest write. Non-retained messages are not
 * looked at.
 *
 * Options: plugin_opt_version_property (default mqttha-version).
 *
 * Build: cc -shared -fPIC -O2 -o mqtt_ha_retained_guard.so mqtt_ha_retained_guard.c
 * (the headers come with Debian's mosquitto-dev and libmosquitto-dev, or Homebrew's mosquitto).
 * io.mqttha.brokers.RetainedGuard builds it for local clusters when a C compiler and the headers exist.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>
#include <mqtt_protocol.h>

#define DEFAULT_VERSION_PROPERTY "mqttha-version"
#define NONCE_DIGITS 8
#define MAX_MILLIS_DIGITS 19
#define SEQUENCE_MAX 0xFFFFFFFFULL
#define HALF_RANGE (1ULL << 31)
#define INITIAL_BUCKETS 1024
#define REPORT_EVERY_SECONDS 10

struct version {
	uint64_t millis;
	uint32_t nonce;
	uint32_t sequence;
};

struct entry {
	char *topic;
	uint64_t hash;
	struct version version;
	struct entry *next;
};

static mosquitto_plugin_id_t *plugin_id = NULL;
static char *version_property = NULL;
static struct entry **buckets = NULL;
static size_t bucket_count = 0;
static size_t entry_count = 0;
static unsigned long refused_total = 0;
static unsigned long refused_reported = 0;
static time_t last_report = 0;

static uint64_t hash_topic(const char *topic)
{
	/* FNV-1a, 64 bit */
	uint64_t hash = 14695981039346656037ULL;
	for(const unsigned char *c = (const unsigned char *)topic; *c; c++){
		hash ^= *c;
		hash *= 1099511628211ULL;
	}
	return hash;
}

static bool parse_version(const char *text, struct version *out)
{
	const char *dash = strchr(text, '-');
	const char *colon = strchr(text, ':');
	if(dash == NULL || colon == NULL || dash == text || dash - text > MAX_MILLIS_DIGITS
			|| colon - dash - 1 != NONCE_DIGITS || colon[1] == '\0'){
		return false;
	}
	uint64_t millis = 0;
	for(const char *c = text; c < dash; c++){
		if(*c < '0' || *c > '9'){
			return false;
		}
		uint64_t digit = (uint64_t)(*c - '0');
		if(millis > (INT64_MAX - digit) / 10){
			return false;
		}
		millis = millis * 10 + digit;
	}
	uint32_t nonce = 0;
	for(const char *c = dash + 1; c < colon; c++){
		uint32_t digit;
		if(*c >= '0' && *c <= '9'){
			digit = (uint32_t)(*c - '0');
		}else if(*c >= 'a' && *c <= 'f'){
			digit = (uint32_t)(*c - 'a' + 10);
		}else if(*c >= 'A' && *c <= 'F'){
			digit = (uint32_t)(*c - 'A' + 10);
		}else{
			return false;
		}
		nonce = (nonce << 4) | digit;
	}
	uint64_t sequence = 0;
	for(const char *c = colon + 1; *c; c++){
		if(*c < '0' || *c > '9'){
			return false;
		}
		sequence = sequence * 10 + (uint64_t)(*c - '0');
		if(sequence > SEQUENCE_MAX){
			return false;
		}
	}
	out->millis = millis;
	out->nonce = nonce;
	out->sequence = (uint32_t)sequence;
	return true;
}

/* Whether a is older than b: RetainedVersion.isNewerThan with the arguments swapped. */
static bool is_older(const struct version *a, const struct version *b)
{
	if(a->millis != b->millis){
		return a->millis < b->millis;
	}
	if(a->nonce != b->nonce){
		return a->nonce < b->nonce;
	}
	uint64_t forward = ((uint64_t)b->sequence - (uint64_t)a->sequence) & SEQUENCE_MAX;
	return forward != 0 && forward < HALF_RANGE;
}

static struct entry **slot_of(const char *topic, uint64_t hash)
{
	struct entry **slot = &buckets[hash & (bucket_count - 1)];
	while(*slot != NULL && ((*slot)->hash != hash || strcmp((*slot)->topic, topic) != 0)){
		slot = &(*slot)->next;
	}
	return slot;
}

static void grow(void)
{
	size_t new_count = bucket_count * 2;
	struct entry **new_buckets = calloc(new_count, sizeof(struct entry *));
	if(new_buckets == NULL){
		return; /* keep the longer chains: slower, still correct */
	}
	for(size_t i = 0; i < bucket_count; i++){
		struct entry *e = buckets[i];
		while(e != NULL){
			struct entry *next = e->next;
			e->next = new_buckets[e->hash & (new_count - 1)];
			new_buckets[e->hash & (new_count - 1)] = e;
			e = next;
		}
	}
	free(buckets);
	buckets = new_buckets;
	bucket_count = new_count;
}

static void remember(const char *topic, uint64_t hash, const struct version *version)
{
	struct entry **slot = slot_of(topic, hash);
	if(*slot != NULL){
		(*slot)->version = *version;
		return;
	}
	struct entry *e = malloc(sizeof(struct entry));
	char *copy = strdup(topic);
	if(e == NULL || copy == NULL){
		free(e);
		free(copy);
		return; /* out of memory: this topic goes unguarded, as without the plugin */
	}
	e->topic = copy;
	e->hash = hash;
	e->version = *version;
	e->next = NULL;
	*slot = e;
	entry_count++;
	if(entry_count > bucket_count / 4 * 3){
		grow();
	}
}

static void forget(const char *topic, uint64_t hash)
{
	struct entry **slot = slot_of(topic, hash);
	if(*slot != NULL){
		struct entry *e = *slot;
		*slot = e->next;
		free(e->topic);
		free(e);
		entry_count--;
	}
}

/* Reads the version property; false when the message has none or it is not in the wire form. */
static bool read_version(const mosquitto_property *properties, struct version *out)
{
	bool found = false;
	char *name = NULL;
	char *value = NULL;
	const mosquitto_property *p = mosquitto_property_read_string_pair(properties, MQTT_PROP_USER_PROPERTY, &name, &value, false);
	while(p != NULL){
		if(!found && strcmp(name, version_property) == 0){
			found = parse_version(value, out);
		}
		free(name);
		free(value);
		name = NULL;
		value = NULL;
		p = mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value, true);
	}
	return found;
}

static int on_message(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_message *message = event_data;
	(void)event;
	(void)userdata;
	if(!message->retain){
		return MOSQ_ERR_SUCCESS;
	}
	uint64_t hash = hash_topic(message->topic);
	struct version version;
	if(!read_version(message->properties, &version)){
		forget(message->topic, hash);
		return MOSQ_ERR_SUCCESS;
	}
	struct entry **slot = slot_of(message->topic, hash);
	if(*slot != NULL && is_older(&version, &(*slot)->version)){
		refused_total++;
		return MOSQ_ERR_ACL_DENIED;
	}
	remember(message->topic, hash, &version);
	return MOSQ_ERR_SUCCESS;
}

/* One log line per REPORT_EVERY_SECONDS while copies are refused, instead of one per copy. */
static int on_tick(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_tick *tick = event_data;
	(void)event;
	(void)userdata;
	if(refused_total != refused_reported && tick->now_s - last_report >= REPORT_EVERY_SECONDS){
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "mqtt-ha retained guard: refused %lu stale retained copies (%lu in all); "
				"%lu topics versioned", refused_total - refused_reported, refused_total, (unsigned long)entry_count);
		refused_reported = refused_total;
		last_report = tick->now_s;
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
	const char *property = DEFAULT_VERSION_PROPERTY;
	for(int i = 0; i < option_count; i++){
		if(strcmp(options[i].key, "version_property") == 0){
			property = options[i].value;
		}
	}
	version_property = strdup(property);
	buckets = calloc(INITIAL_BUCKETS, sizeof(struct entry *));
	if(version_property == NULL || buckets == NULL){
		return MOSQ_ERR_NOMEM;
	}
	bucket_count = INITIAL_BUCKETS;
	last_report = time(NULL);
	int rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL, NULL);
	if(rc == MOSQ_ERR_SUCCESS){
		rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_TICK, on_tick, NULL, NULL);
	}
	if(rc == MOSQ_ERR_SUCCESS){
		mosquitto_log_printf(MOSQ_LOG_INFO, "mqtt-ha retained guard: refusing retained copies older than the newest %s",
				version_property);
	}
	return rc;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_TICK, on_tick, NULL);
	for(size_t i = 0; i < bucket_count; i++){
		struct entry *e = buckets[i];
		while(e != NULL){
			struct entry *next = e->next;
			free(e->topic);
			free(e);
			e = next;
		}
	}
	free(buckets);
	free(version_property);
	buckets = NULL;
	bucket_count = 0;
	entry_count = 0;
	return MOSQ_ERR_SUCCESS;
}
