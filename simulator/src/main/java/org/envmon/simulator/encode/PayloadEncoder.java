package org.envmon.simulator.encode;

import java.util.List;
import org.envmon.simulator.signal.Observation;

/** Turns one message's observations (one, or a backlog) into the bytes a station sends. */
public interface PayloadEncoder {
    byte[] encode(StationIdentity station, List<Observation> observations);
}
