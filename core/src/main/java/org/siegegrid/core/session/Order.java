package org.siegegrid.core.session;

/** How a runner walks through several targets: in file order (siege's default) or at random (siege -i). */
public enum Order {
    SEQUENTIAL, RANDOM
}
