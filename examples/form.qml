// The demo's app: a small Qt 5 form (name, email, PIN). Each field prints "text <field>
// <value>" on every change and "accepted <field>" on Enter, so scripts can follow along.
import QtQuick 2.7
import QtQuick.Window 2.2
import QtQuick.Controls 2.2

Window {
    width: 800; height: 480; visible: true; title: "wayboard demo form"
    color: "#f4f5f7"
    Column {
        x: 40; y: 30; spacing: 16
        Label { text: "Sign up"; font.pixelSize: 28 }
        TextField {
            id: name; width: 560; placeholderText: "Name"; font.pixelSize: 22
            inputMethodHints: Qt.ImhNoPredictiveText
            onTextChanged: console.log("text name " + text)
            onAccepted: console.log("accepted name")
        }
        TextField {
            id: email; width: 560; placeholderText: "Email"; font.pixelSize: 22
            inputMethodHints: Qt.ImhEmailCharactersOnly
            onTextChanged: console.log("text email " + text)
            onAccepted: console.log("accepted email")
        }
        TextField {
            id: pin; width: 240; placeholderText: "PIN"; font.pixelSize: 22
            inputMethodHints: Qt.ImhDigitsOnly
            echoMode: TextInput.Password
            onTextChanged: console.log("text pin " + text)
            onAccepted: console.log("accepted pin")
        }
        Button { text: "Done"; font.pixelSize: 20 }
    }
}
