/**
 * TLS material for the cluster: a development certificate authority generated per cluster run with the
 * JDK's own {@code keytool}, and the files Mosquitto and Java clients read from it.
 */
package io.mqttha.brokers.security;
