#!/bin/sh
# Fills fuzz/corpus/decode_response/ (gitignored) with seed inputs for the decode_response
# target: a selector byte (which response type; see the target) and an ATL-style envelope.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/corpus/decode_response"
mkdir -p "$out"

envelope() {
    printf '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    printf 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    printf 'xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"><soap:Body>%s</soap:Body></soap:Envelope>' "$1"
}

seed() { # selector (octal escape), file name, body
    { printf "$1"; envelope "$3"; } > "$out/$2"
}

seed '\000' agent-state.xml '<GetAgentStateResponse xmlns="urn:WFMScheduleService852"><return><schAgentStateNSizeIs>1</schAgentStateNSizeIs><schAgentState soapenc:arrayType="SchAgentState[1]"><SchAgentState><gswAgentId>1</gswAgentId><wmStateType>2</wmStateType><wmStateId>3</wmStateId><wmStartDateTime>46000.25</wmStartDateTime><wmEndDateTime>46000.5</wmEndDateTime><wmFullDay>false</wmFullDay><wmPaid>1</wmPaid><wmName>Work &amp; more</wmName></SchAgentState></schAgentState></return></GetAgentStateResponse>'
seed '\001' master-agent.xml '<GetMasterAgentResponse xmlns="urn:WFMScheduleService852"><return><objectArrayNSizeIs>1</objectArrayNSizeIs><objectArray><CfgAgent><gswAgentId>7</gswAgentId><gswLastName>Doe</gswLastName><gswFirstName xsi:nil="1"/></CfgAgent></objectArray></return></GetMasterAgentResponse>'
seed '\002' site.xml '<GetSiteResponse xmlns="urn:WFMConfigService850"><return><objectArrayNSizeIs>0</objectArrayNSizeIs><objectArray xsi:nil="1"/><objectShortArrayNSizeIs>0</objectShortArrayNSizeIs><objectShortArray xsi:nil="1"/></return></GetSiteResponse>'
seed '\003' insert-user.xml '<InsertUserResponse xmlns="urn:WFMConfigService850"><return><success>false</success><warningArrayNSizeIs>0</warningArrayNSizeIs><warningArray xsi:nil="1"/><errorArrayNSizeIs>1</errorArrayNSizeIs><errorArray><string>duplicate</string></errorArray><objectId>0</objectId></return></InsertUserResponse>'
seed '\004' open-session.xml '<OpenSessionResponse xmlns="urn:WFMSessionService800"><return><sessionId>s1</sessionId></return></OpenSessionResponse>'
seed '\005' locate-server.xml '<LocateServerResponse xmlns="urn:WFMLocatorService800"><return>http://127.0.0.1/?Handler=WFMSessionService800</return></LocateServerResponse>'
seed '\000' fault.xml '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>SOAP Invalid Request</faultstring><detail>x</detail></soap:Fault>'
# SOAP-encoded (selector high bit): Axis-style multiRefs, shared and nested, of the ATL
# rpc/encoded fixture's holder (selector 5), and an encoded WFM response.
seed '\205' encoded-holder.xml '<ns1:holder xmlns:ns1="urn:AgentStateService"><schAgentStateNSizeIs href="#n"/><schAgentState xsi:type="soapenc:Array" soapenc:arrayType="ns1:SchAgentState[2]"><item href="#s"/><item href="#s"/></schAgentState><wmSiteName xsi:type="xsd:string">A</wmSiteName></ns1:holder><multiRef id="s" soapenc:root="0"><gswAgentId>1</gswAgentId><wmStateId href="#n"/><wmStartDateTime>1.5</wmStartDateTime><wmPaid>true</wmPaid><wmNote>x</wmNote></multiRef><multiRef id="n" soapenc:root="0">2</multiRef>'
seed '\200' encoded-agent-state.xml '<multiRef id="r" soapenc:root="0"><schAgentStateNSizeIs>0</schAgentStateNSizeIs><schAgentState xsi:nil="1"/></multiRef><GetAgentStateResponse xmlns="urn:WFMScheduleService852"><return href="#r"/></GetAgentStateResponse>'
